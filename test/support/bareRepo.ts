// Bare-repository plumbing lives with the local runtime's git server; tests use the same helpers.
export { commitFiles, commitMessages, git, initBare, resolveRef, showFile } from "../../local/git/bareRepo.js";
