// Message analysis: flavor, content type, glance/flance and Update unwrapping.
export * from "./content.js";
export * from "./flavor.js";
export * from "./glance.js";
export * from "./update.js";
