// Owns promotions (automatic and by code), their usage limits, gift cards and store credit with
// their ledger. Does not own carts or orders: callers pass a cart snapshot and a reference.

export { createPromotion, type NewPromotion } from "./create-promotion.ts";
export type { CartSnapshot, CustomerFacts, RejectionReason, SnapshotLine } from "./domain/cart-snapshot.ts";
export type {
  AppliedDiscount,
  PromotionCandidate,
  PromotionsOutcome,
  RejectedCode,
  StackingMode,
} from "./domain/evaluate-promotions.ts";
export { evaluatePromotions } from "./domain/evaluate-promotions.ts";
export type { Promotion, PromotionRules } from "./domain/promotion-rules.ts";
export {
  applyCartPromotions,
  type CartPromotionsInput,
  customerKeyOf,
  evaluateCartPromotions,
  loadCartPromotions,
} from "./evaluate-cart-promotions.ts";
export {
  checkGiftCardBalance,
  findGiftCardByCode,
  type GiftCardView,
  getGiftCard,
  getGiftCardWithLedger,
} from "./find-gift-card.ts";
export {
  captureGiftCard,
  type GiftCardHold,
  type GiftCardRef,
  holdGiftCard,
  refundGiftCard,
  releaseGiftCard,
} from "./gift-card-ledger.ts";
export { giftCardsAdminRoutes, giftCardsStoreRoutes } from "./gift-cards.routes.ts";
export { issueGiftCard, type NewGiftCard } from "./issue-gift-card.ts";
export { getPromotion, listPromotions, type PromotionView } from "./promotions.repository.ts";
export { promotionsAdminRoutes } from "./promotions.routes.ts";
export {
  findRedemptions,
  type RedemptionRequest,
  redeemPromotions,
  releasePromotions,
} from "./redeem-promotions.ts";
export { createSingleUsePromotionCode } from "./single-use-code.ts";
