import { U32_MAX } from "../core/integers.js";
import { describe } from "../stats/validate.js";
import { integerArg } from "./arguments.js";
import type { PaginationLinks, PaginationMetadata } from "./schema.js";

/** The largest `per_page` accepted unless a caller sets its own: the maximum the hub's docs promise. */
export const DEFAULT_MAX_PER_PAGE = 1000;

/** Which page of how large a listing: the three numbers of the hub's `PaginationMetadata::new`. */
export interface PagePosition {
  /** The page, 1-indexed: an integer within [1, 4294967295] (a u32). */
  readonly page: number;
  /** Items per page: an integer within [1, `maxPerPage`] (default 1000). */
  readonly per_page: number;
  /** Items in the whole listing: an integer within [0, 2^53 − 1] (a u64 a JS number holds exactly). */
  readonly total_items: number;
}

export interface PaginationOptions {
  /** Largest `per_page` accepted (default 1000, the maximum the hub's docs promise). The hub has no maximum. */
  readonly maxPerPage?: number;
  /** When given, `links` are built from it (see `createPaginationLinks`). */
  readonly baseUrl?: string;
}

/**
 * Offset pagination metadata for page `page` (1-indexed) of `total_items` items at
 * `per_page` a page, following the hub's `PaginationMetadata::new`:
 * `total_pages = ⌈total_items / per_page⌉`, `has_next = page < total_pages`,
 * `has_previous = page > 1`. O(1).
 *
 * ```ts
 * createPaginationMetadata({ page: 2, per_page: 50, total_items: 120 });
 * // { page: 2, per_page: 50, total_items: 120, total_pages: 3, has_next: true, has_previous: true }
 * ```
 *
 * Preconditions (each broken one throws, naming this function and the field):
 * - `page` is an integer within [1, 4294967295] and at most the last page (page 1 of an empty
 *   listing is allowed): RangeError, TypeError when not a number;
 * - `per_page` is an integer within [1, `options.maxPerPage`] (default 1000);
 * - `total_items` is an integer within [0, 2^53 − 1];
 * - the page count fits a u32 (at most 4294967295 pages);
 * - `options.baseUrl`, when given, is as `createPaginationLinks` requires.
 *
 * Where the hub is unsound this throws instead: `per_page` 0 (the hub divides by zero and
 * reports 4294967295 pages), `page` 0, a page count beyond u32 (the hub saturates silently) and
 * a page past the last one (the hub answers with `has_previous` pointing into more empty
 * pages). An empty listing has one (empty) page 1 and `total_pages` 0, as in the hub. The
 * division is done in integers, so it is exact up to 2^53 − 1 items.
 */
export function createPaginationMetadata(position: PagePosition, options: PaginationOptions = {}): PaginationMetadata {
  const fn = "createPaginationMetadata";
  if (typeof position !== "object" || position === null) {
    throw new TypeError(`${fn}: expected { page, per_page, total_items }, received ${describe(position)}`);
  }
  const { page, per_page: perPage, total_items: totalItems } = position;
  const maxPerPage = integerArg(fn, "options.maxPerPage", options.maxPerPage ?? DEFAULT_MAX_PER_PAGE, {
    min: 1,
    max: U32_MAX,
  });
  integerArg(fn, "page", page, { min: 1, max: U32_MAX, note: " (pages are 1-indexed)" });
  integerArg(fn, "per_page", perPage, { min: 1, max: maxPerPage });
  integerArg(fn, "total_items", totalItems, {
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    note: " (a u64 beyond 2^53 − 1 loses precision in a JS number)",
  });
  const remainder = totalItems % perPage;
  const totalPages = (totalItems - remainder) / perPage + (remainder > 0 ? 1 : 0);
  if (totalPages > U32_MAX) {
    throw new RangeError(
      `${fn}: ${totalItems} items at ${perPage} per page make ${totalPages} pages, beyond the u32 maximum ${U32_MAX} ` +
        "(the hub saturates silently); use a larger per_page or cursor pagination",
    );
  }
  assertPageInRange(fn, page, totalPages, `${totalItems} items at ${perPage} per page`);
  const metadata: PaginationMetadata = {
    page,
    per_page: perPage,
    total_items: totalItems,
    total_pages: totalPages,
    has_next: page < totalPages,
    has_previous: page > 1,
  };
  if (options.baseUrl !== undefined) {
    metadata.links = createPaginationLinks(options.baseUrl, { page, per_page: perPage, total_pages: totalPages });
  }
  return metadata;
}

/** Which page of how many, for `createPaginationLinks`. */
export interface LinkPosition {
  /** The page, 1-indexed: an integer within [1, `total_pages`] (page 1 when there are none). */
  readonly page: number;
  /** Items per page: an integer within [1, 4294967295]. */
  readonly per_page: number;
  /** Pages in the listing: an integer within [0, 4294967295]. */
  readonly total_pages: number;
}

/**
 * Links to the first, last, next and previous pages and to the current one (`self_link`),
 * built with the WHATWG URL parser. The base's own query parameters are kept (re-serialized as
 * application/x-www-form-urlencoded, which can change their spelling but not their meaning),
 * `page` and `per_page` are set (replacing any already there), and the fragment is kept.
 * `last` is page 1 for an empty listing (the hub writes `?page=0`); `next` only when
 * page < total_pages, `prev` only when page > 1.
 *
 * ```ts
 * createPaginationLinks("/v1/events?env=prod", { page: 1, per_page: 50, total_pages: 2 }).next;
 * // "/v1/events?env=prod&page=2&per_page=50"
 * ```
 *
 * Preconditions (each broken one throws, naming this function): `baseUrl` is an absolute URL
 * or a path that starts with a single `/` (then the links are paths too); `page`, `per_page`
 * and `total_pages` are integers within the ranges of `LinkPosition`, and `page` is not past
 * the last page. Differences from the hub's `PaginationLinks::new`, which concatenates
 * strings: a base with a query gets `&page=` instead of a second `?`, and `per_page` is
 * carried. O(length of the URL).
 */
export function createPaginationLinks(baseUrl: string, position: LinkPosition): PaginationLinks {
  const fn = "createPaginationLinks";
  if (typeof position !== "object" || position === null) {
    throw new TypeError(`${fn}: expected { page, per_page, total_pages }, received ${describe(position)}`);
  }
  const { page, per_page: perPage, total_pages: totalPages } = position;
  integerArg(fn, "page", page, { min: 1, max: U32_MAX, note: " (pages are 1-indexed)" });
  integerArg(fn, "per_page", perPage, { min: 1, max: U32_MAX });
  integerArg(fn, "total_pages", totalPages, { min: 0, max: U32_MAX });
  assertPageInRange(fn, page, totalPages, `${totalPages} pages`);
  const base = parseBaseUrl(fn, baseUrl);
  const at = (p: number) => withParams(base, { page: String(p), per_page: String(perPage) });
  const links: PaginationLinks = {
    first: at(1),
    last: at(Math.max(totalPages, 1)),
    self_link: at(page),
  };
  if (page < totalPages) links.next = at(page + 1);
  if (page > 1) links.prev = at(page - 1);
  return links;
}

function assertPageInRange(fn: string, page: number, totalPages: number, what: string): void {
  const lastPage = Math.max(totalPages, 1);
  if (page > lastPage) {
    throw new RangeError(`${fn}: page ${page} is past the last page ${lastPage} (${what})`);
  }
}

/** A parsed base URL; `relative` bases give path-only links. */
export interface BaseUrl {
  readonly url: URL;
  readonly relative: boolean;
}

// Only used to resolve a path-absolute base; it never appears in a result.
const PLACEHOLDER_ORIGIN = "http://base.invalid";

export function parseBaseUrl(fn: string, baseUrl: unknown): BaseUrl {
  if (typeof baseUrl !== "string")
    throw new TypeError(`${fn}: baseUrl must be a string, received ${describe(baseUrl)}`);
  if (URL.canParse(baseUrl)) return { url: new URL(baseUrl), relative: false };
  if (baseUrl.startsWith("/") && !baseUrl.startsWith("//")) {
    return { url: new URL(baseUrl, PLACEHOLDER_ORIGIN), relative: true };
  }
  throw new RangeError(
    `${fn}: baseUrl must be an absolute URL or a path starting with a single "/", received ${JSON.stringify(baseUrl)}`,
  );
}

/** The base with `set` parameters set (undefined values deleted), as a string. */
export function withParams(base: BaseUrl, set: Readonly<Record<string, string | undefined>>): string {
  const url = new URL(base.url);
  for (const [name, value] of Object.entries(set)) {
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return base.relative ? `${url.pathname}${url.search}${url.hash}` : url.href;
}
