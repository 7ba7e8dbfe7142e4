import PDFDocument from "pdfkit";
import type { OrderView } from "../orders/index.ts";
import type { Receipt } from "./issue-receipt.ts";
import { formatAddress, paymentLabel } from "./order-text.ts";
import { contentWidth, margin, pair, pdfText } from "./pdf-layout.ts";
import { formatDate, formatMoney, formatRate, type StoreProfile } from "./store-profile.ts";

/** Column layout of the line table: [left edge, width, alignment]. */
const columns = {
  item: [margin, 190, "left"],
  quantity: [margin + 190, 35, "right"],
  unitPrice: [margin + 225, 70, "right"],
  discount: [margin + 295, 65, "right"],
  tax: [margin + 360, 65, "right"],
  amount: [margin + 425, contentWidth - 425, "right"],
} as const;

/**
 * The order's receipt as a PDF: seller, buyer, invoice number, lines, promotions, shipping, tax by
 * rate and totals, from the order snapshot only (G4). Deterministic: the creation date is the
 * placement time, so the same order renders the same document. Payment shows brand and last 4.
 */
export function renderReceiptPdf(order: OrderView, receipt: Receipt, store: StoreProfile): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin,
    info: {
      Title: `${store.name} receipt ${receipt.invoiceNumber}`,
      Author: store.name,
      Creator: store.name,
      Producer: "Cartwright",
      CreationDate: order.placedAt,
      ModDate: order.placedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  writeReceipt(doc, order, receipt, store);
  doc.end();
  return done;
}

function writeReceipt(
  doc: PDFKit.PDFDocument,
  order: OrderView,
  receipt: Receipt,
  store: StoreProfile,
): void {
  const money = (amount: number) => pdfText(formatMoney(amount, order.currency, store.locale));
  const write = (text: string, options: PDFKit.Mixins.TextOptions = {}) => doc.text(pdfText(text), options);

  doc.fillColor(store.color).font("Helvetica-Bold").fontSize(20);
  write(store.name);
  doc.fillColor("#000000").font("Helvetica").fontSize(9);
  for (const line of store.address) write(line);
  if (store.vatId) write(`VAT ID ${store.vatId}`);
  doc.moveDown();

  doc.font("Helvetica-Bold").fontSize(14);
  write(`Receipt ${receipt.invoiceNumber}`);
  doc.font("Helvetica").fontSize(9);
  write(`Order ${order.number}, placed ${formatDate(order.placedAt, store.locale)}`);
  write(`Paid with ${paymentLabel(order.payment)}`);
  doc.moveDown();

  const top = doc.y;
  const half = contentWidth / 2;
  doc.font("Helvetica-Bold");
  write("Bill to", { width: half });
  doc.font("Helvetica");
  write(order.email, { width: half });
  if (order.tax?.vatId) write(`VAT ID ${order.tax.vatId}`, { width: half });
  for (const line of formatAddress(order.billingAddress ?? order.shippingAddress))
    write(line, { width: half });
  const leftBottom = doc.y;
  doc.y = top;
  doc.font("Helvetica-Bold");
  write("Ship to", { width: half });
  doc.font("Helvetica");
  for (const line of formatAddress(order.shippingAddress))
    doc.text(pdfText(line), margin + half, doc.y, { width: half });
  doc.x = margin;
  doc.y = Math.max(leftBottom, doc.y);
  doc.moveDown();

  doc.font("Helvetica-Bold");
  row(doc, {
    item: "Item",
    quantity: "Qty",
    unitPrice: "Unit price",
    discount: "Discount",
    tax: "Tax",
    amount: "Amount",
  });
  doc.font("Helvetica");
  for (const line of order.lines) {
    row(doc, {
      item: `${line.title} (${line.sku})`,
      quantity: String(line.quantity),
      unitPrice: money(line.unitPrice),
      discount: line.discount > 0 ? `-${money(line.discount)}` : "",
      tax: money(line.tax),
      amount: money(line.subtotal),
    });
  }
  row(doc, {
    item: `Shipping: ${order.shipping.name}`,
    quantity: "",
    unitPrice: "",
    discount: "",
    tax: money(order.shipping.tax ?? 0),
    amount: money(order.shipping.amount),
  });
  doc.moveDown();

  if (order.promotions.length > 0) {
    doc.font("Helvetica-Bold");
    write("Promotions");
    doc.font("Helvetica");
    for (const p of order.promotions)
      pair(doc, p.code ? `${p.label} (${p.code})` : p.label, `-${money(p.amount)}`);
    doc.moveDown();
  }

  if (order.tax && order.tax.breakdown.length > 0) {
    doc.font("Helvetica-Bold");
    write(order.tax.pricesIncludeTax ? "Tax included" : "Tax");
    doc.font("Helvetica");
    for (const b of order.tax.breakdown) {
      const taxable = b.taxable === undefined ? "" : ` on ${money(b.taxable)}`;
      pair(doc, `${b.name} ${formatRate(b.ratePpm, store.locale)}${taxable}`, money(b.amount));
    }
    doc.moveDown();
  }
  // The tax module words the legal reverse-charge note; orders from before it did get a plain one.
  const notes = order.tax?.notes ?? [];
  if (order.tax?.reverseCharge && notes.length === 0)
    write("Reverse charge: VAT to be accounted for by the recipient.");
  for (const note of notes) write(note);

  doc.moveDown();
  pair(doc, "Subtotal", money(order.subtotal));
  if (order.discountTotal > 0) pair(doc, "Discounts", `-${money(order.discountTotal)}`);
  pair(doc, "Shipping", money(order.shippingTotal));
  pair(doc, "Tax", money(order.taxTotal));
  doc.font("Helvetica-Bold");
  pair(doc, `Total (${order.currency})`, money(order.total));
  doc.font("Helvetica");
  // Tender, not a discount: the total stays; it says how the total was paid.
  if (order.giftCard) {
    pair(doc, `Paid by gift card ${order.giftCard.codeHint}`, money(order.giftCard.amount));
    pair(doc, `Paid with ${paymentLabel(order.payment)}`, money(order.total - order.giftCard.amount));
  }
}

function row(doc: PDFKit.PDFDocument, cells: Record<keyof typeof columns, string>): void {
  if (doc.y > doc.page.height - margin - 40) doc.addPage();
  const y = doc.y;
  let bottom = y;
  for (const [key, [x, width, align]] of Object.entries(columns)) {
    doc.text(pdfText(cells[key as keyof typeof columns]), x, y, { width, align });
    bottom = Math.max(bottom, doc.y);
  }
  doc.x = margin;
  doc.y = bottom + 2;
}
