ALTER TABLE "reports" ADD COLUMN "received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "on_behalf_by" integer;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "on_behalf_reason" text;