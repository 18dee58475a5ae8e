CREATE UNIQUE INDEX "reports_campaign_period_unit_key" ON "reports" USING btree ("campaign_id","period","unit_id");--> statement-breakpoint
DROP INDEX "reports_campaign_unit_period_key";--> statement-breakpoint
DROP INDEX "reports_campaign_period_idx";
