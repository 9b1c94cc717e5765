import { z } from "zod";

/** zod schema for a message part coming from outside (dataset rows, JSON files). */
export const contentPartSchema = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("image"), image: z.union([z.string(), z.instanceof(Uint8Array)]), mimeType: z.string().optional() }),
]);

/** zod schema for a chat message in a dataset row (`{ role, content }`). Extra keys are dropped. */
export const messageSchema = z.object({
  role: z.string(),
  content: z.union([z.string(), z.array(contentPartSchema)]),
  name: z.string().optional(),
});

/** zod schema for a list of chat messages (a `messages` column). */
export const messagesSchema = z.array(messageSchema);

/** zod schema for a prediction read from a file (`{ id, output }`). */
export const predictionSchema = z.object({
  id: z.string(),
  output: z.string(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
