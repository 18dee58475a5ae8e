CREATE TABLE "reorganisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"effective_date" date NOT NULL,
	"steps" jsonb NOT NULL,
	"plan" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_names" (
	"unit_id" integer NOT NULL,
	"valid_to" date NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"reorganisation_id" integer,
	CONSTRAINT "unit_names_unit_id_valid_to_pk" PRIMARY KEY("unit_id","valid_to")
);
--> statement-breakpoint
CREATE TABLE "unit_successions" (
	"predecessor_id" integer NOT NULL,
	"successor_id" integer NOT NULL,
	"primary" boolean NOT NULL,
	"reorganisation_id" integer,
	CONSTRAINT "unit_successions_predecessor_id_successor_id_pk" PRIMARY KEY("predecessor_id","successor_id")
);
--> statement-breakpoint
ALTER TABLE "unit_names" ADD CONSTRAINT "unit_names_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_names" ADD CONSTRAINT "unit_names_reorganisation_id_reorganisations_id_fk" FOREIGN KEY ("reorganisation_id") REFERENCES "public"."reorganisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_successions" ADD CONSTRAINT "unit_successions_predecessor_id_units_id_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_successions" ADD CONSTRAINT "unit_successions_successor_id_units_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_successions" ADD CONSTRAINT "unit_successions_reorganisation_id_reorganisations_id_fk" FOREIGN KEY ("reorganisation_id") REFERENCES "public"."reorganisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unit_successions_successor_idx" ON "unit_successions" USING btree ("successor_id");