// The web chat's icon: a speech bubble in the header's colour, as SVG (served at /favicon.ico and
// inlined in the page, so the browser asks for no icon that is missing).

/** The icon as SVG text. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2b5278"/><path d="M7 9h18a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H14l-6 5v-5H7a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#fff"/></svg>';

/** The icon as a data: URL for `<link rel="icon">`. */
export const FAVICON_DATA_URL = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;
