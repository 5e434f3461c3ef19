// The loopback git server lives with the local runtime (`baton-git-server`); tests use the same one.
export { startGitServer, type GitServer, type GitServerOptions } from "../../local/git/server.js";
