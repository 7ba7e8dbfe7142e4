import PDFDocument from "pdfkit";
import { contentWidth, margin, pair, pdfText } from "./pdf-layout.ts";
import { formatDate, formatMoney, formatRate, type StoreProfile } from "./store-profile.ts";

/**
 * A credit note as issued: the snapshot a refund keeps, so the PDF rendered again later is the
 * same document (G4). Amounts in minor units of `currency`; `net` amounts exclude tax.
 */
export interface CreditNote {
  /** Null until the refund succeeded and the next number of the series was assigned. */
  number: string | null;
  issuedAt: string | null;
  /** The receipt (invoice) this note corrects. */
  invoiceNumber: string;
  orderNumber: string;
  returnNumber: string;
  currency: string;
  pricesIncludeTax: boolean;
  /** How the money went back, for people: "Visa •••• 4242", "Store credit". */
  refundedTo: string;
  billTo: string[];
  lines: { sku: string; title: string; quantity: number; net: number; tax: number }[];
  shipping: { name: string; net: number; tax: number } | null;
  /** Tax refunded per rate; `taxable` is the net it is on. */
  taxes: { name: string; ratePpm: number; taxable: number; amount: number }[];
  /** Net of tax, goods and shipping. */
  net: number;
  tax: number;
  total: number;
}

/**
 * The credit note as a PDF: seller, buyer, the invoice it corrects, lines and shipping refunded,
 * tax refunded by rate and totals, from the snapshot only. Deterministic: its dates are the
 * note's issue time, so the same note renders the same bytes.
 */
export function renderCreditNotePdf(note: CreditNote, store: StoreProfile): Promise<Buffer> {
  const issued = new Date(note.issuedAt ?? 0);
  const doc = new PDFDocument({
    size: "A4",
    margin,
    info: {
      Title: `${store.name} credit note ${note.number ?? ""}`.trim(),
      Author: store.name,
      Creator: store.name,
      Producer: "Cartwright",
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  writeNote(doc, note, issued, store);
  doc.end();
  return done;
}

function writeNote(doc: PDFKit.PDFDocument, note: CreditNote, issued: Date, store: StoreProfile): void {
  const money = (amount: number) => pdfText(formatMoney(amount, note.currency, store.locale));
  const write = (text: string) => doc.text(pdfText(text));

  doc.fillColor(store.color).font("Helvetica-Bold").fontSize(20);
  write(store.name);
  doc.fillColor("#000000").font("Helvetica").fontSize(9);
  for (const line of store.address) write(line);
  if (store.vatId) write(`VAT ID ${store.vatId}`);
  doc.moveDown();

  doc.font("Helvetica-Bold").fontSize(14);
  write(`Credit note ${note.number ?? "(not issued)"}`);
  doc.font("Helvetica").fontSize(9);
  write(`Issued ${formatDate(issued, store.locale)}`);
  write(`Corrects invoice ${note.invoiceNumber} of order ${note.orderNumber} (return ${note.returnNumber})`);
  write(`Refunded to ${note.refundedTo}`);
  doc.moveDown();
  doc.font("Helvetica-Bold");
  write("Bill to");
  doc.font("Helvetica");
  for (const line of note.billTo) write(line);
  doc.moveDown();

  doc.font("Helvetica-Bold");
  row(doc, ["Item", "Qty", "Net", "Tax", "Amount"]);
  doc.font("Helvetica");
  for (const l of note.lines)
    row(doc, [`${l.title} (${l.sku})`, String(l.quantity), money(l.net), money(l.tax), money(l.net + l.tax)]);
  if (note.shipping)
    row(doc, [
      `Shipping: ${note.shipping.name}`,
      "",
      money(note.shipping.net),
      money(note.shipping.tax),
      money(note.shipping.net + note.shipping.tax),
    ]);
  doc.moveDown();

  if (note.taxes.length > 0) {
    doc.font("Helvetica-Bold");
    write(note.pricesIncludeTax ? "Tax included, refunded" : "Tax refunded");
    doc.font("Helvetica");
    for (const t of note.taxes)
      pair(doc, `${t.name} ${formatRate(t.ratePpm, store.locale)} on ${money(t.taxable)}`, money(t.amount));
    doc.moveDown();
  }

  pair(doc, "Net", money(note.net));
  pair(doc, "Tax", money(note.tax));
  doc.font("Helvetica-Bold");
  pair(doc, `Total refunded (${note.currency})`, money(note.total));
  doc.font("Helvetica");
}

/** Item, quantity, net, tax, amount: [left edge, width]. */
const cells: [number, number][] = [
  [margin, 215],
  [margin + 215, 40],
  [margin + 255, 80],
  [margin + 335, 80],
  [margin + 415, contentWidth - 415],
];

function row(doc: PDFKit.PDFDocument, values: string[]): void {
  if (doc.y > doc.page.height - margin - 40) doc.addPage();
  const y = doc.y;
  let bottom = y;
  values.forEach((value, i) => {
    const [x, width] = cells[i]!;
    doc.text(pdfText(value), x, y, { width, align: i === 0 ? "left" : "right" });
    bottom = Math.max(bottom, doc.y);
  });
  doc.x = margin;
  doc.y = bottom + 2;
}
