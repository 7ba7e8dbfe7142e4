CREATE TABLE "carrier_events" (
	"carrier" text NOT NULL,
	"event_id" text NOT NULL,
	"shipment_id" text NOT NULL,
	"status" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"applied" boolean NOT NULL,
	CONSTRAINT "carrier_events_carrier_event_id_pk" PRIMARY KEY("carrier","event_id")
);
--> statement-breakpoint
CREATE TABLE "shipment_lines" (
	"shipment_id" text NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "shipment_lines_shipment_id_sku_pk" PRIMARY KEY("shipment_id","sku")
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"status" text NOT NULL,
	"carrier" text NOT NULL,
	"service" text,
	"tracking_number" text,
	"tracking_url" text,
	"label_pdf" text,
	"created_at" timestamp with time zone NOT NULL,
	"labelled_at" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"tracked_at" timestamp with time zone,
	CONSTRAINT "shipments_tracking_unique" UNIQUE("carrier","tracking_number")
);
--> statement-breakpoint
ALTER TABLE "emails" DROP CONSTRAINT "emails_kind_order_unique";--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "shipment_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fulfillment_status" text DEFAULT 'unfulfilled' NOT NULL;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "carrier_events_shipment_idx" ON "carrier_events" USING btree ("shipment_id");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "emails_order_kind_unique" ON "emails" USING btree ("kind","order_id") WHERE shipment_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "emails_shipment_kind_unique" ON "emails" USING btree ("kind","shipment_id") WHERE shipment_id is not null;