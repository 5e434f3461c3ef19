// Telemetry settings: on only with a connection string, identity auth from the Functions convention.
import { describe, expect, it } from "vitest";
import { readTelemetrySettings } from "../../shared/telemetry/settings.js";

const CS = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";

describe("readTelemetrySettings", () => {
  it("is off without a connection string (the local default), or with an empty one", () => {
    expect(readTelemetrySettings({})).toEqual({ enabled: false });
    expect(readTelemetrySettings({ APPLICATIONINSIGHTS_CONNECTION_STRING: " " })).toEqual({ enabled: false });
  });

  it("is on with a connection string; the authentication string picks the managed identity", () => {
    expect(readTelemetrySettings({ APPLICATIONINSIGHTS_CONNECTION_STRING: CS })).toEqual({ enabled: true, connectionString: CS });
    // The order the Bicep writes (infra/app/function.bicep), and the documented one.
    for (const auth of ["ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD", "Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555"]) {
      expect(readTelemetrySettings({ APPLICATIONINSIGHTS_CONNECTION_STRING: CS, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: auth })).toEqual({
        enabled: true,
        connectionString: CS,
        identity: { clientId: "11111111-2222-3333-4444-555555555555" },
      });
    }
    expect(readTelemetrySettings({ APPLICATIONINSIGHTS_CONNECTION_STRING: CS, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD" })).toMatchObject({ identity: {} });
  });

  it("names the setting and what it expects when a value is wrong", () => {
    expect(() => readTelemetrySettings({ APPLICATIONINSIGHTS_CONNECTION_STRING: "https://example.com" })).toThrow(/APPLICATIONINSIGHTS_CONNECTION_STRING: expected an Application Insights connection string/);
    expect(() => readTelemetrySettings({ APPLICATIONINSIGHTS_CONNECTION_STRING: CS, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=Key" })).toThrow(/APPLICATIONINSIGHTS_AUTHENTICATION_STRING: only Authorization=AAD/);
    expect(() => readTelemetrySettings({ APPLICATIONINSIGHTS_CONNECTION_STRING: CS, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "garbage" })).toThrow(/APPLICATIONINSIGHTS_AUTHENTICATION_STRING: expected/);
  });
});
