CREATE SEQUENCE "public"."payment_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100001 CACHE 1;--> statement-breakpoint
CREATE TABLE "customer_payment_terms" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"purchase_orders" boolean NOT NULL,
	"net_days" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments_credit_holds" (
	"attempt_id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"outstanding" bigint NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_holds_outstanding" CHECK ("payments_credit_holds"."outstanding" between 0 and "payments_credit_holds"."amount")
);
--> statement-breakpoint
CREATE TABLE "payments_credit_lines" (
	"customer_id" text NOT NULL,
	"currency" text NOT NULL,
	"credit_limit" bigint NOT NULL,
	"used" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_credit_lines_customer_id_currency_pk" PRIMARY KEY("customer_id","currency"),
	CONSTRAINT "credit_lines_used_non_negative" CHECK ("payments_credit_lines"."used" >= 0 and "payments_credit_lines"."credit_limit" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments_offline_references" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"reference" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_offline_references_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "payment_receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"key" text NOT NULL,
	"source" text NOT NULL,
	"amount" bigint NOT NULL,
	"applied" bigint NOT NULL,
	"excess" bigint NOT NULL,
	"currency" text NOT NULL,
	"received_on" date NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_receipts_key_unique" UNIQUE("key"),
	CONSTRAINT "payment_receipts_amounts" CHECK ("payment_receipts"."applied" >= 0 and "payment_receipts"."excess" >= 0 and "payment_receipts"."applied" + "payment_receipts"."excess" = "payment_receipts"."amount")
);
--> statement-breakpoint
ALTER TABLE "customer_payment_terms" ADD CONSTRAINT "customer_payment_terms_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_receipts" ADD CONSTRAINT "payment_receipts_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_receipts_payment_idx" ON "payment_receipts" USING btree ("payment_id");