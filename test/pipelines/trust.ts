// The operator settings the pipeline tests load files under: every secret name and host the
// test files and the shipped example use, and loopback (the tests' git servers).
import { readPipelineTrust, type PipelineTrust } from "../../shared/config/pipelineTrust.js";

export const TEST_TRUST_ENV = {
  BATON_PIPELINE_SECRETS: "GITHUB_TOKEN GIT_PASSWORD LIVE_GIT_PASSWORD AZDO_PAT FLUX_RECEIVER_TOKEN_* GITOPS_* SMOKE_TOKEN TEAMS_* MY_SETTING NAME P E",
  BATON_ALLOWED_HOSTS: "*.contoso.com *.contoso.internal flux-webhook.dev.contoso.internal git.acme.com github.acme.com dev.azure.com git.example.com x.example 127.0.0.1 localhost",
  BATON_ALLOW_LOOPBACK: "true",
};

export const TEST_TRUST: PipelineTrust = readPipelineTrust(TEST_TRUST_ENV);
