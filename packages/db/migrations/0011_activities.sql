CREATE TABLE "activity_photos" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_id" integer NOT NULL,
	"path" text NOT NULL,
	"display_path" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "activity_record_focus_areas" (
	"record_id" integer NOT NULL,
	"focus_area_id" integer NOT NULL,
	CONSTRAINT "activity_record_focus_areas_record_id_focus_area_id_pk" PRIMARY KEY("record_id","focus_area_id")
);
--> statement-breakpoint
CREATE TABLE "activity_record_units" (
	"record_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "activity_record_units_record_id_unit_id_role_pk" PRIMARY KEY("record_id","unit_id","role"),
	CONSTRAINT "activity_record_units_role_check" CHECK ("activity_record_units"."role" in ('partner','visited'))
);
--> statement-breakpoint
CREATE TABLE "activity_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"programme_id" integer,
	"unit_id" integer NOT NULL,
	"kind" text NOT NULL,
	"fields" jsonb NOT NULL,
	"date" date,
	"work_kind" text,
	"state" text,
	"funding" text,
	"channel" text,
	"link_kind" text,
	"model_kind" text,
	"follow_up" text,
	"focus_area_id" integer,
	"value" numeric(20, 0) DEFAULT 0 NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	"reach" numeric(20, 0) DEFAULT 0 NOT NULL,
	"views" numeric(20, 0) DEFAULT 0 NOT NULL,
	"on_behalf_by" integer,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "activity_records_kind_check" CHECK ("activity_records"."kind" in ('work','team','model','press','inspection','linkage')),
	CONSTRAINT "activity_records_amounts_check" CHECK ("activity_records"."value" >= 0 and "activity_records"."members" >= 0 and "activity_records"."reach" >= 0 and "activity_records"."views" >= 0)
);
--> statement-breakpoint
CREATE TABLE "activity_work_kinds" (
	"campaign_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "activity_work_kinds_campaign_id_code_pk" PRIMARY KEY("campaign_id","code")
);
--> statement-breakpoint
CREATE TABLE "campaign_programmes" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_programmes_dates_check" CHECK ("campaign_programmes"."end_date" >= "campaign_programmes"."start_date")
);
--> statement-breakpoint
CREATE TABLE "focus_areas" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"place" text,
	"unit_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activity_photos" ADD CONSTRAINT "activity_photos_record_id_activity_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."activity_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_record_focus_areas" ADD CONSTRAINT "activity_record_focus_areas_record_id_activity_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."activity_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_record_focus_areas" ADD CONSTRAINT "activity_record_focus_areas_focus_area_id_focus_areas_id_fk" FOREIGN KEY ("focus_area_id") REFERENCES "public"."focus_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_record_units" ADD CONSTRAINT "activity_record_units_record_id_activity_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."activity_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_record_units" ADD CONSTRAINT "activity_record_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_records" ADD CONSTRAINT "activity_records_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_records" ADD CONSTRAINT "activity_records_programme_id_campaign_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."campaign_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_records" ADD CONSTRAINT "activity_records_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_records" ADD CONSTRAINT "activity_records_focus_area_id_focus_areas_id_fk" FOREIGN KEY ("focus_area_id") REFERENCES "public"."focus_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_work_kinds" ADD CONSTRAINT "activity_work_kinds_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_programmes" ADD CONSTRAINT "campaign_programmes_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_areas" ADD CONSTRAINT "focus_areas_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "focus_areas" ADD CONSTRAINT "focus_areas_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_photos_record_idx" ON "activity_photos" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "activity_record_units_unit_idx" ON "activity_record_units" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "activity_records_campaign_unit_idx" ON "activity_records" USING btree ("campaign_id","unit_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_programmes_code_key" ON "campaign_programmes" USING btree ("campaign_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "focus_areas_code_key" ON "focus_areas" USING btree ("campaign_id","code");