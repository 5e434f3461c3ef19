/**
 * The bundle window's activity name, apart from its implementation so the window orchestration
 * imports no I/O code (house style 1).
 */
export const CLOSE_BUNDLE_WINDOW = "closeBundleWindow";
