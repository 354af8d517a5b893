import { z } from "zod";
import { WEBHOOK_EVENTS } from "./events";

export const endpointSchema = z.object({
  name: z.string().trim().min(2, "Give the endpoint a name.").max(80),
  url: z
    .string()
    .trim()
    .max(2000)
    .url("Enter a full URL, e.g. https://hooks.example.com/triad")
    .refine((u) => /^https?:\/\//i.test(u), "Only http(s) URLs."),
  events: z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z.array(z.enum(["*", ...WEBHOOK_EVENTS])).min(1, "Choose at least one event."),
  ),
});
export type EndpointInput = z.infer<typeof endpointSchema>;

export const endpointIdSchema = z.object({ id: z.uuid() });
