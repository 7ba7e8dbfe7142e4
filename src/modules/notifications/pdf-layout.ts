/** Page geometry and text helpers shared by the receipt and the credit note (A4, built-in fonts). */
export const margin = 50;
const pageWidth = 595.28; // A4
export const contentWidth = pageWidth - 2 * margin;

/** A label on the left and an amount on the right edge, on one line. */
export function pair(doc: PDFKit.PDFDocument, label: string, value: string): void {
  if (doc.y > doc.page.height - margin - 20) doc.addPage();
  const y = doc.y;
  doc.text(pdfText(label), margin, y, { width: contentWidth - 120 });
  const bottom = doc.y;
  doc.text(value, margin + contentWidth - 120, y, { width: 120, align: "right" });
  doc.x = margin;
  doc.y = Math.max(bottom, doc.y);
}

/**
 * The built-in PDF fonts cover WinAnsi only. Intl's narrow spaces and full-width yen are mapped
 * to what they can draw; anything else they lack becomes "?" rather than a wrong glyph.
 */
export function pdfText(text: string): string {
  return text
    .replace(/[\u202f\u2009]/g, "\u00a0")
    .replace(/\uffe5/g, "\u00a5")
    .replace(/[\u2212]/g, "-")
    .replace(/[^\u0020-\u007e\u00a0-\u00ff\u20ac\u2022\u2013\u2014\u2018\u2019\u201c\u201d\u2026]/g, "?");
}
