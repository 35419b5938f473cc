"use server";
import { defineAction } from "@/lib/actions/define-action";
import { reviewDesignSchema } from "@/lib/card-designs/schemas";
import { reviewDesign } from "@/lib/card-designs/service";

export const reviewDesignAction = defineAction(
  reviewDesignSchema,
  async (ctx, input) => ({ status: (await reviewDesign(ctx, input)).status }),
  { revalidate: "/staff" },
);
