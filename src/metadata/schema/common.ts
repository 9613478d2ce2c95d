import * as z from "zod";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import { named } from "../../core/named.js";

/** Who owns an asset, policy or dashboard. Every Option here is written as `null` by the hub when absent. */
export const OwnerInfo = lazySchema(() =>
  named<OwnerInfo>()(
    z.object(
      lazyFields({
        get user_id() {
          return z.string();
        },
        get username() {
          return z.string();
        },
        get email() {
          return z.string().nullish();
        },
        get team() {
          return z.string().nullish();
        },
        get department() {
          return z.string().nullish();
        },
      }),
    ),
  ),
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
export const VersionInfo = lazySchema(() =>
  named<VersionInfo>()(
    z.object(
      lazyFields({
        get version() {
          return z.string();
        },
        get previous_version() {
          return z.string().nullish();
        },
        get changelog() {
          return z.string().nullish();
        },
        get release_notes() {
          return z.string().nullish();
        },
      }),
    ),
  ),
);
/** An asset's version: free text (no semver handling in the hub). */
export type VersionInfo = {
  version: string;
  previous_version?: string | null | undefined;
  changelog?: string | null | undefined;
  release_notes?: string | null | undefined;
};
