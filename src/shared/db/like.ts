/**
 * An (I)LIKE pattern matching `text` anywhere in a value, with the wildcards `%` and `_` (and the
 * escape character `\`, PostgreSQL's default) typed by a person matched literally.
 */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
