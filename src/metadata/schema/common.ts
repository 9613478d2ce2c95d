import * as z from "zod";

/** Who owns an asset, policy or dashboard. Every Option here is written as `null` by the hub when absent. */
export const OwnerInfo = z.object({
  user_id: z.string(),
  username: z.string(),
  email: z.string().nullish(),
  team: z.string().nullish(),
  department: z.string().nullish(),
});
export type OwnerInfo = z.infer<typeof OwnerInfo>;

/** An asset's version: free text (no semver handling in the hub). */
export const VersionInfo = z.object({
  version: z.string(),
  previous_version: z.string().nullish(),
  changelog: z.string().nullish(),
  release_notes: z.string().nullish(),
});
export type VersionInfo = z.infer<typeof VersionInfo>;
