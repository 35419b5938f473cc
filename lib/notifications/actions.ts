"use server";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { markNotificationsRead } from "@/lib/notifications/service";

export const markNotificationsReadAction = defineAction(z.void(), (ctx) => markNotificationsRead(ctx), {
  revalidate: "/",
});
