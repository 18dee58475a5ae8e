CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"ip" text,
	"action" text NOT NULL,
	"campaign_id" integer,
	"unit_id" integer,
	"period" text,
	"indicator_id" integer,
	"old_value" jsonb,
	"new_value" jsonb,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "campaign_exemptions" (
	"campaign_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	CONSTRAINT "campaign_exemptions_campaign_id_unit_id_pk" PRIMARY KEY("campaign_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"campaign_id" integer,
	"unit_id" integer,
	"period" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"email_to" text,
	"email_claimed_at" timestamp with time zone,
	"email_sent_at" timestamp with time zone,
	"email_error" text
);
--> statement-breakpoint
ALTER TABLE "reports" DROP CONSTRAINT "reports_status_check";--> statement-breakpoint
ALTER TABLE "campaign_indicators" ADD COLUMN "upper_bound" numeric(20, 4);--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "deadlines" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "cross_rules" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "reminders" jsonb;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "first_submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "flags" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "reviewed_by" integer;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "correction_reason" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "viewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "viewed_by" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "campaign_exemptions" ADD CONSTRAINT "campaign_exemptions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_exemptions" ADD CONSTRAINT "campaign_exemptions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_unit_idx" ON "audit_log" USING btree ("unit_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_user_idx" ON "audit_log" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_report_idx" ON "audit_log" USING btree ("campaign_id","unit_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_dedupe_key" ON "notifications" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "reports_campaign_period_idx" ON "reports" USING btree ("campaign_id","period");--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_status_check" CHECK ("reports"."status" in ('draft','submitted','approved','returned'));--> statement-breakpoint
UPDATE "reports" SET "first_submitted_at" = "submitted_at" WHERE "submitted_at" IS NOT NULL;--> statement-breakpoint
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Nhật ký thay đổi chỉ được ghi thêm, không được sửa hay xóa (audit_log is append-only).'
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM PUBLIC;
