import * as z from "zod";
import { named } from "../../core/named.js";

/** Who owns an asset, policy or dashboard. Every Option here is written as `null` by the hub when absent. */
export const OwnerInfo = named<OwnerInfo>()(
  z.object({
    user_id: z.string(),
    username: z.string(),
    email: z.string().nullish(),
    team: z.string().nullish(),
    department: z.string().nullish(),
  }),
);
/** Who owns an asset, policy or dashboard. Every Option here is written as `null` by the hub when absent. */
export type OwnerInfo = {
  user_id: string;
  username: string;
  email?: string | null | undefined;
  team?: string | null | undefined;
  department?: string | null | undefined;
};

/** An asset's version: free text (no semver handling in the hub). */
export const VersionInfo = named<VersionInfo>()(
  z.object({
    version: z.string(),
    previous_version: z.string().nullish(),
    changelog: z.string().nullish(),
    release_notes: z.string().nullish(),
  }),
);
/** An asset's version: free text (no semver handling in the hub). */
export type VersionInfo = {
  version: string;
  previous_version?: string | null | undefined;
  changelog?: string | null | undefined;
  release_notes?: string | null | undefined;
};
