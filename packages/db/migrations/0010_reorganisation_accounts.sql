ALTER TABLE "reorganisations" ADD COLUMN "accounts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reorganisations" ADD COLUMN "accounts_done_at" timestamp with time zone;--> statement-breakpoint
-- The reorganisations applied before this column moved their accounts when applied.
UPDATE "reorganisations" SET "accounts_done_at" = "created_at";--> statement-breakpoint
CREATE INDEX "reorganisations_accounts_due_idx" ON "reorganisations" USING btree ("effective_date") WHERE "reorganisations"."accounts_done_at" is null;