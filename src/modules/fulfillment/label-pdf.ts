import PDFDocument from "pdfkit";
import type { LabelRequest } from "./carrier.ts";

/** A 4×6 inch thermal label, in points. */
const width = 288;
const height = 432;
const margin = 14;

/**
 * The test carrier's shipping label: sender, recipient, service, order reference and the tracking
 * number in large type for a scanner-less warehouse to read. No barcode symbology is drawn: a
 * fake one would look scannable and not be.
 */
export function renderLabelPdf(input: {
  carrier: string;
  service: string;
  trackingNumber: string;
  request: LabelRequest;
}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [width, height],
    margin,
    info: { Title: `Shipping label ${input.trackingNumber}`, Creator: input.carrier, Producer: "Cartwright" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  drawLabel(doc, input);
  doc.end();
  return done;
}

function drawLabel(
  doc: PDFKit.PDFDocument,
  input: { carrier: string; service: string; trackingNumber: string; request: LabelRequest },
): void {
  const inner = width - 2 * margin;
  const { request } = input;
  doc
    .rect(margin / 2, margin / 2, width - margin, height - margin)
    .lineWidth(2)
    .stroke();

  doc.font("Helvetica-Bold").fontSize(14).text(latin(input.carrier), margin, margin, { width: inner });
  doc.font("Helvetica").fontSize(9).text(latin(input.service), { width: inner });
  rule(doc);

  doc.font("Helvetica-Bold").fontSize(7).text("FROM", { width: inner });
  doc.font("Helvetica").fontSize(8);
  for (const line of [request.shipFrom.name, ...request.shipFrom.address])
    doc.text(latin(line), { width: inner });
  rule(doc);

  const to = request.shipTo;
  doc.font("Helvetica-Bold").fontSize(7).text("SHIP TO", { width: inner });
  doc.font("Helvetica-Bold").fontSize(12);
  const toLines = (
    "address" in to
      ? [to.name, ...to.address]
      : [
          `${to.firstName} ${to.lastName}`,
          to.company,
          to.line1,
          to.line2,
          [to.postalCode, to.city, to.region].filter(Boolean).join(" "),
          to.country,
        ]
  ).filter((l): l is string => Boolean(l));
  for (const line of toLines) doc.text(latin(line), { width: inner });
  rule(doc);

  doc.font("Helvetica").fontSize(8).text("TRACKING NUMBER", { width: inner, align: "center" });
  doc.font("Courier-Bold").fontSize(22).text(input.trackingNumber, { width: inner, align: "center" });
  rule(doc);

  doc.font("Helvetica").fontSize(7);
  doc.text(latin(`Order ${request.orderNumber}`), { width: inner });
  const units = request.lines.reduce((n, l) => n + l.quantity, 0);
  doc.text(`${units} unit(s): ${request.lines.map((l) => `${l.quantity}x ${l.sku}`).join(", ")}`, {
    width: inner,
  });
}

function rule(doc: PDFKit.PDFDocument): void {
  doc.moveDown(0.4);
  doc
    .moveTo(margin, doc.y)
    .lineTo(width - margin, doc.y)
    .lineWidth(1)
    .stroke();
  doc.moveDown(0.4);
}

/** The built-in fonts draw WinAnsi only; anything else becomes "?" rather than a wrong glyph. */
function latin(text: string): string {
  return text.replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, "?");
}
