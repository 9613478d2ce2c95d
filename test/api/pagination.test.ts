import { describe, expect, it } from "vitest";
import {
  createPaginationLinks,
  createPaginationMetadata,
  DEFAULT_MAX_PER_PAGE,
  PaginationMetadata,
} from "../../src/api/index.js";

// Expected values are written from the rules in WIRE_FORMAT.md §3 (PaginationMetadata::new,
// PaginationLinks::new): total_pages = ⌈total_items / per_page⌉, has_next = page < total_pages,
// has_previous = page > 1; and from the WHATWG URL Standard for the links (URLSearchParams
// set(): replace the first pair of that name in place, or append). The hub's own edge cases
// are quoted where this library deliberately differs (§5.8).

describe("createPaginationMetadata", () => {
  it("matches the hub's (2, 50, 250): 5 pages with next and previous", () => {
    expect(createPaginationMetadata({ page: 2, per_page: 50, total_items: 250 })).toEqual({
      page: 2,
      per_page: 50,
      total_items: 250,
      total_pages: 5,
      has_next: true,
      has_previous: true,
    });
  });

  it("on the last page has no next", () => {
    expect(createPaginationMetadata({ page: 5, per_page: 50, total_items: 250 })).toMatchObject({
      total_pages: 5,
      has_next: false,
      has_previous: true,
    });
  });

  it("rounds a partial last page up", () => {
    expect(createPaginationMetadata({ page: 1, per_page: 50, total_items: 251 }).total_pages).toBe(6);
    expect(createPaginationMetadata({ page: 1, per_page: 50, total_items: 1 }).total_pages).toBe(1);
    expect(createPaginationMetadata({ page: 1, per_page: 50, total_items: 50 }).total_pages).toBe(1);
    expect(createPaginationMetadata({ page: 1, per_page: 50, total_items: 49 }).total_pages).toBe(1);
  });

  it("gives 0 items one empty page 1 and 0 total pages, as the hub's (1, 50, 0)", () => {
    expect(createPaginationMetadata({ page: 1, per_page: 50, total_items: 0 })).toEqual({
      page: 1,
      per_page: 50,
      total_items: 0,
      total_pages: 0,
      has_next: false,
      has_previous: false,
    });
  });

  it("rejects a page past the end (the hub answers (7, 50, 250) with has_previous and no error)", () => {
    expect(() => createPaginationMetadata({ page: 7, per_page: 50, total_items: 250 })).toThrow(
      "createPaginationMetadata: page 7 is past the last page 5",
    );
    expect(() => createPaginationMetadata({ page: 2, per_page: 50, total_items: 0 })).toThrow(
      "page 2 is past the last page 1",
    );
  });

  it("rejects per_page 0 (the hub divides by zero and reports 4294967295 pages) and page 0", () => {
    expect(() => createPaginationMetadata({ page: 1, per_page: 0, total_items: 10 })).toThrow(
      "createPaginationMetadata: per_page must be an integer within [1, 1000], received 0",
    );
    expect(() => createPaginationMetadata({ page: 0, per_page: 50, total_items: 10 })).toThrow(
      "createPaginationMetadata: page must be an integer within [1, 4294967295] (pages are 1-indexed), received 0",
    );
  });

  it("caps per_page at 1000 by default (the hub's docs), or at the caller's maximum", () => {
    expect(DEFAULT_MAX_PER_PAGE).toBe(1000);
    expect(createPaginationMetadata({ page: 1, per_page: 1000, total_items: 10 }).per_page).toBe(1000);
    expect(() => createPaginationMetadata({ page: 1, per_page: 1001, total_items: 10 })).toThrow(
      "per_page must be an integer within [1, 1000]",
    );
    expect(createPaginationMetadata({ page: 1, per_page: 1001, total_items: 10 }, { maxPerPage: 5000 }).per_page).toBe(
      1001,
    );
  });

  it("takes its three numbers by name, so they cannot be swapped unnoticed", () => {
    expect(() => createPaginationMetadata(2 as never, 50 as never)).toThrow(
      "createPaginationMetadata: expected { page, per_page, total_items }, received 2",
    );
    expect(() => createPaginationLinks("/v1/events", 2 as never)).toThrow(
      "createPaginationLinks: expected { page, per_page, total_pages }, received 2",
    );
    expect(() => createPaginationMetadata({ page: 1, per_page: 50 } as never)).toThrow(
      "createPaginationMetadata: total_items must be a number, received undefined",
    );
  });

  it("rejects fractions, NaN and totals a JS number cannot hold", () => {
    expect(() => createPaginationMetadata({ page: 1.5, per_page: 50, total_items: 10 })).toThrow(RangeError);
    expect(() => createPaginationMetadata({ page: Number.NaN, per_page: 50, total_items: 10 })).toThrow(TypeError);
    expect(() => createPaginationMetadata({ page: 1, per_page: 50, total_items: 2 ** 53 })).toThrow("total_items");
  });

  it("is exact at the u32 page limit and rejects one page more (the hub saturates)", () => {
    // 4294967295 × 1000 items make exactly 4294967295 pages; one more item makes 4294967296.
    expect(createPaginationMetadata({ page: 1, per_page: 1000, total_items: 4_294_967_295_000 }).total_pages).toBe(
      4_294_967_295,
    );
    expect(() => createPaginationMetadata({ page: 1, per_page: 1000, total_items: 4_294_967_295_001 })).toThrow(
      "beyond the u32 maximum 4294967295",
    );
    // The hub's fixture paginated-resource-costs-large-total: 2^53 − 1 items at 4 a page, which
    // the hub saturates to 4294967295 pages.
    expect(() => createPaginationMetadata({ page: 1, per_page: 4, total_items: 2 ** 53 - 1 })).toThrow(
      "make 2251799813685248 pages",
    );
  });

  it("adds links when given a base URL, and the result is a valid PaginationMetadata", () => {
    const metadata = createPaginationMetadata(
      { page: 2, per_page: 50, total_items: 250 },
      { baseUrl: "https://api.example.com/v1/events" },
    );
    expect(metadata.links?.self_link).toBe("https://api.example.com/v1/events?page=2&per_page=50");
    expect(PaginationMetadata.parse(metadata)).toEqual(metadata);
  });
});

describe("createPaginationLinks", () => {
  const base = "https://api.example.com/v1/events";

  it("links first, last, next, prev and self, carrying per_page", () => {
    expect(createPaginationLinks(base, { page: 2, per_page: 50, total_pages: 5 })).toEqual({
      first: `${base}?page=1&per_page=50`,
      last: `${base}?page=5&per_page=50`,
      next: `${base}?page=3&per_page=50`,
      prev: `${base}?page=1&per_page=50`,
      self_link: `${base}?page=2&per_page=50`,
    });
  });

  it("has no next on the last page and no prev on the first", () => {
    const last = createPaginationLinks(base, { page: 5, per_page: 50, total_pages: 5 });
    expect(last.next).toBeUndefined();
    expect(last.prev).toBe(`${base}?page=4&per_page=50`);
    const first = createPaginationLinks(base, { page: 1, per_page: 50, total_pages: 5 });
    expect(first.prev).toBeUndefined();
    expect(first.next).toBe(`${base}?page=2&per_page=50`);
  });

  it("links an empty listing to page 1, not the hub's ?page=0", () => {
    expect(createPaginationLinks(base, { page: 1, per_page: 50, total_pages: 0 })).toEqual({
      first: `${base}?page=1&per_page=50`,
      last: `${base}?page=1&per_page=50`,
      self_link: `${base}?page=1&per_page=50`,
    });
  });

  it("keeps a query the base already has (the hub writes ?a=b?page=2)", () => {
    const links = createPaginationLinks(`${base}?source_module=llm-sentinel&severity=critical`, {
      page: 2,
      per_page: 25,
      total_pages: 3,
    });
    expect(links.next).toBe(`${base}?source_module=llm-sentinel&severity=critical&page=3&per_page=25`);
  });

  it("replaces page and per_page already in the base, in place", () => {
    const links = createPaginationLinks(`${base}?page=9&per_page=10&q=x&page=4`, {
      page: 2,
      per_page: 50,
      total_pages: 3,
    });
    expect(links.self_link).toBe(`${base}?page=2&per_page=50&q=x`);
  });

  it("keeps the fragment and re-serializes the query as form data", () => {
    expect(
      createPaginationLinks("https://x.example/list?q=a%20b#top", { page: 1, per_page: 10, total_pages: 1 }).first,
    ).toBe("https://x.example/list?q=a+b&page=1&per_page=10#top");
  });

  it("builds path-only links from a path base", () => {
    expect(createPaginationLinks("/v1/events?env=prod", { page: 1, per_page: 50, total_pages: 2 }).next).toBe(
      "/v1/events?env=prod&page=2&per_page=50",
    );
  });

  it("rejects a base that is neither an absolute URL nor a path", () => {
    expect(() => createPaginationLinks("v1/events", { page: 1, per_page: 50, total_pages: 1 })).toThrow(
      "createPaginationLinks: baseUrl must be an absolute URL",
    );
    expect(() => createPaginationLinks("//evil.example/x", { page: 1, per_page: 50, total_pages: 1 })).toThrow(
      "baseUrl",
    );
    expect(() => createPaginationLinks(base, { page: 3, per_page: 50, total_pages: 2 })).toThrow(
      "page 3 is past the last page 2",
    );
  });
});
