CREATE TABLE "return_lookup_failures" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "return_lookup_failures_key_at_idx" ON "return_lookup_failures" USING btree ("key","at");