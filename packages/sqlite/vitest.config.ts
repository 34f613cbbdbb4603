// The shared test settings (timeouts fit for a loaded 2-core machine): see ../../vitest.shared.ts.
export { default } from "../../vitest.shared.ts";
