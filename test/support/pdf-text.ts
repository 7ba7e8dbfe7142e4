import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** The text of every page of a PDF, one string per text run, in reading order. */
export async function pdfTextRuns(pdf: Buffer | Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const runs: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ("str" in item && item.str.trim()) runs.push(item.str);
  }
  await doc.destroy();
  return runs;
}

/** The run that follows the last `label` (the amount beside it; totals come last). */
export function valueAfter(runs: string[], label: string): string | undefined {
  const i = runs.lastIndexOf(label);
  return i >= 0 ? runs[i + 1] : undefined;
}
