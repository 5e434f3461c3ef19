/**
 * Narrows the library's authentication to what Baton accepts: tokens the Bot Framework channel
 * service issued. The library would also route emulator and skill tokens to other validators,
 * and lets a JWT library error (bad signature, `alg: none`) escape as a plain Error, which
 * CloudAdapter.process answers with 500. Every refusal here is an AuthenticationError (401).
 */
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from "botframework-connector";
import type { Activity } from "botbuilder";

const UNAUTHORIZED = 401;

export function channelTokensOnly(inner: BotFrameworkAuthentication): BotFrameworkAuthentication {
  return new ChannelTokensOnly(inner);
}

class ChannelTokensOnly extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await refuseOnFailure(() => this.inner.authenticateRequest(activity, authHeader));
    if (result.claimsIdentity.getClaimValue(AuthenticationConstants.IssuerClaim) !== AuthenticationConstants.ToBotFromChannelTokenIssuer) {
      throw new AuthenticationError("Unauthorized. Only Bot Framework channel tokens are accepted.", UNAUTHORIZED);
    }
    return result;
  }

  override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return Promise.reject(new AuthenticationError("Unauthorized. Streaming connections are not accepted.", UNAUTHORIZED));
  }

  override authenticateChannelRequest(): Promise<ClaimsIdentity> {
    return Promise.reject(new AuthenticationError("Unauthorized. Skill requests are not accepted.", UNAUTHORIZED));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}

async function refuseOnFailure<T>(authenticate: () => Promise<T>): Promise<T> {
  try {
    return await authenticate();
  } catch (error) {
    if (error instanceof AuthenticationError && error.statusCode === UNAUTHORIZED) throw error;
    // Signature, algorithm and audience failures from the JWT library are refusals too. A failure
    // to load the signing keys also ends as a refusal: never as a request let through.
    const reason = error instanceof Error ? error.message : "token validation failed";
    throw new AuthenticationError(`Unauthorized. ${reason}`, UNAUTHORIZED);
  }
}
