ALTER TABLE "checkout_attempts" ADD COLUMN "payment_action" jsonb;--> statement-breakpoint
ALTER TABLE "payments_test_processor_charges" ADD COLUMN "challenge_id" text;--> statement-breakpoint
ALTER TABLE "payments_test_processor_charges" ADD CONSTRAINT "payments_test_processor_charges_challenge_id_unique" UNIQUE("challenge_id");