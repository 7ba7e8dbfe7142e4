-- Stock tracked before locations existed moves, unchanged, into one default location.
INSERT INTO "inventory_locations" ("id", "code", "name", "country", "priority", "active", "created_at")
VALUES ('loc_default', 'default', 'Default location', NULL, 100, true, now())
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "inventory_location_stock" ("location_id", "sku", "on_hand", "reserved")
SELECT 'loc_default', "sku", "on_hand", "reserved" FROM "inventory_stock_levels"
ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "inventory_reservations" SET "location_id" = 'loc_default' WHERE "location_id" IS NULL;--> statement-breakpoint
UPDATE "inventory_movements" SET "location_id" = 'loc_default' WHERE "location_id" IS NULL;
