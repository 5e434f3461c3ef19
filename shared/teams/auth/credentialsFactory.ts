/**
 * How botbuilder checks a token's audience and signs the replies of a turn. Unlike the library's
 * password factory, authentication can never be "disabled": an empty app id is refused at the
 * settings, and no code path accepts an anonymous request.
 */
import type { TokenCredential } from "@azure/identity";
import { ServiceClientCredentialsFactory } from "botframework-connector";
import { bearerCredentials, type ServiceClientCredentials } from "../connector/bearerCredentials.js";
import { BOT_CONNECTOR_SCOPE, defaultScopeOf } from "../connector/scopes.js";

export class BotCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly credential: TokenCredential,
  ) {
    super();
  }

  isValidAppId(appId: string): Promise<boolean> {
    return Promise.resolve(appId === this.appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return Promise.resolve(false);
  }

  createCredentials(appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    if (appId !== this.appId) return Promise.reject(new Error(`no credentials for app ${appId}`));
    return Promise.resolve(bearerCredentials(this.credential, audience ? defaultScopeOf(audience) : BOT_CONNECTOR_SCOPE));
  }
}
