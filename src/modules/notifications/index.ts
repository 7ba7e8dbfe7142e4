// Owns what the shopper receives after an order: the email queue and its sender, order
// confirmations, receipts (PDF, invoice numbers). Does not own orders: it reads their snapshot.

export { type AccountEmailKind, queueAccountEmail } from "./account-emails.ts";
export { type CreditNote, renderCreditNotePdf } from "./credit-note-pdf.ts";
export { EmailSender, type EmailSenderOptions } from "./email-sender.ts";
export { emailsAdminRoutes } from "./emails.routes.ts";
export { issueReceipt, type Receipt } from "./issue-receipt.ts";
export { fileTransport, type MailTransport, type OutgoingMail, smtpTransport } from "./mail-transport.ts";
export { orderConfirmationSubscriber } from "./order-confirmation.subscriber.ts";
export { orderStatusLink, renderOrderConfirmation } from "./order-confirmation-email.ts";
export { formatAddress, paymentLabel } from "./order-text.ts";
export { paymentInstructionsSubscriber } from "./payment-instructions.subscriber.ts";
export { renderPaymentInstructions } from "./payment-instructions-email.ts";
export { renderReceiptPdf } from "./receipt-pdf.ts";
export { receiptsRoutes } from "./receipts.routes.ts";
export {
  type CartReminder,
  queueCartReminderEmail,
  queueReviewRequestEmail,
  type ReviewRequest,
} from "./recovery-emails.ts";
export { type ReturnLabels, returnEmailsSubscriber } from "./return-emails.subscriber.ts";
export { shipmentEmailsSubscriber } from "./shipment-emails.subscriber.ts";
export { formatMoney, type StoreProfile } from "./store-profile.ts";
