CREATE TABLE "gift_card_ledger" (
	"id" text PRIMARY KEY NOT NULL,
	"gift_card_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"reference" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gift_card_entry_per_reference" UNIQUE("gift_card_id","reference","kind"),
	CONSTRAINT "gift_card_entry_positive" CHECK ("gift_card_ledger"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "gift_cards" (
	"id" text PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"code_hint" text NOT NULL,
	"kind" text NOT NULL,
	"currency" text NOT NULL,
	"initial_amount" bigint NOT NULL,
	"balance" bigint NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"customer_id" text,
	"note" text,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gift_cards_code_hash_unique" UNIQUE("code_hash"),
	CONSTRAINT "gift_card_balance_non_negative" CHECK ("gift_cards"."balance" >= 0),
	CONSTRAINT "gift_card_initial_positive" CHECK ("gift_cards"."initial_amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "promotion_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"promotion_id" text NOT NULL,
	"code" text NOT NULL,
	"normalized" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promotion_codes_normalized_unique" UNIQUE("normalized")
);
--> statement-breakpoint
CREATE TABLE "promotion_customer_usage" (
	"promotion_id" text NOT NULL,
	"customer_key" text NOT NULL,
	"used" integer NOT NULL,
	CONSTRAINT "promotion_customer_usage_promotion_id_customer_key_pk" PRIMARY KEY("promotion_id","customer_key"),
	CONSTRAINT "customer_usage_non_negative" CHECK ("promotion_customer_usage"."used" >= 0)
);
--> statement-breakpoint
CREATE TABLE "promotion_redemptions" (
	"id" text PRIMARY KEY NOT NULL,
	"promotion_id" text NOT NULL,
	"reference" text NOT NULL,
	"customer_key" text,
	"code" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "redemption_per_reference" UNIQUE("promotion_id","reference")
);
--> statement-breakpoint
CREATE TABLE "promotions" (
	"id" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"automatic" boolean NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"stacking" text NOT NULL,
	"rules" jsonb NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"usage_limit" integer,
	"per_customer_limit" integer,
	"used" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promotion_used_within_limit" CHECK ("promotions"."used" >= 0 and ("promotions"."usage_limit" is null or "promotions"."used" <= "promotions"."usage_limit")),
	CONSTRAINT "promotion_limits_positive" CHECK (coalesce("promotions"."usage_limit", 1) > 0 and coalesce("promotions"."per_customer_limit", 1) > 0)
);
--> statement-breakpoint
ALTER TABLE "gift_card_ledger" ADD CONSTRAINT "gift_card_ledger_gift_card_id_gift_cards_id_fk" FOREIGN KEY ("gift_card_id") REFERENCES "public"."gift_cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_codes" ADD CONSTRAINT "promotion_codes_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_customer_usage" ADD CONSTRAINT "promotion_customer_usage_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promotion_codes_promotion_idx" ON "promotion_codes" USING btree ("promotion_id");--> statement-breakpoint
CREATE INDEX "promotions_automatic_idx" ON "promotions" USING btree ("automatic","status");