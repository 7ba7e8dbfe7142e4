import { asc, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { emailAttachments } from "./schema.ts";

export interface StoredAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** Keeps files with a queued email, in the caller's transaction (the one that queued it). */
export async function attachToEmail(tx: Db, emailId: string, files: StoredAttachment[]): Promise<void> {
  if (files.length === 0) return;
  await tx.insert(emailAttachments).values(
    files.map((f, position) => ({
      emailId,
      position,
      filename: f.filename,
      contentType: f.contentType,
      content: f.content.toString("base64"),
    })),
  );
}

export async function listEmailAttachments(db: Db, emailId: string): Promise<StoredAttachment[]> {
  const rows = await db
    .select()
    .from(emailAttachments)
    .where(eq(emailAttachments.emailId, emailId))
    .orderBy(asc(emailAttachments.position));
  return rows.map((r) => ({
    filename: r.filename,
    contentType: r.contentType,
    content: Buffer.from(r.content, "base64"),
  }));
}
