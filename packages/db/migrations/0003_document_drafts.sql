CREATE TABLE "document_drafts" (
	"campaign_id" integer NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"form" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "document_drafts_campaign_id_kind_ref_pk" PRIMARY KEY("campaign_id","kind","ref")
);
--> statement-breakpoint
ALTER TABLE "document_drafts" ADD CONSTRAINT "document_drafts_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;