ALTER TABLE "campaign_indicators" ADD COLUMN "notice_target" text;--> statement-breakpoint
ALTER TABLE "campaign_indicators" ADD COLUMN "notice_done" text;