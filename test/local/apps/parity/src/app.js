// A plain Durable Functions app (JavaScript, as others write them) for the places where the local
// host must behave as Azure does: suspend/resume/purge/rewind/restart through the library's own
// client, host.json functionTimeout, and entities.
import { app } from "@azure/functions";
import * as df from "durable-functions";

df.app.orchestration("waiter", function* (context) {
  const value = yield context.df.waitForExternalEvent("go");
  return `got ${value}`;
});

// eslint-disable-next-line require-yield -- an orchestrator that fails before its first task
df.app.orchestration("throws", function* () {
  throw new Error("orchestrator exploded");
});

df.app.orchestration("echo", function* (context) {
  return yield context.df.callActivity("echoActivity", context.df.getInput());
});

df.app.activity("echoActivity", { handler: (input) => input });

// An activity that never settles: only host.json functionTimeout ends it.
df.app.activity("hangs", {
  handler: () => {
    const g = globalThis;
    g.__parityHangStarted?.();
    return new Promise(() => undefined);
  },
});

df.app.orchestration("callsHang", function* (context) {
  try {
    yield context.df.callActivity("hangs", null);
    return "finished";
  } catch (error) {
    return `caught: ${error instanceof Error ? error.message : String(error)}`;
  }
});

df.app.entity("counter", (context) => {
  context.df.setState((context.df.getState(() => 0) ?? 0) + 1);
});

df.app.orchestration("callsEntity", function* (context) {
  return yield context.df.callEntity(new df.EntityId("counter", "k"), "add", 1);
});

// The library's client, as app code calls it: answers what it returned or the error it threw.
app.http("client", {
  route: "client/{op}/{id}",
  methods: ["POST"],
  extraInputs: [df.input.durableClient()],
  handler: async (request, context) => {
    const client = df.getClient(context);
    const id = request.params.id;
    try {
      switch (request.params.op) {
        case "suspend":
          await client.suspend(id, "test");
          return { jsonBody: { ok: true } };
        case "resume":
          await client.resume(id, "test");
          return { jsonBody: { ok: true } };
        case "rewind":
          await client.rewind(id, "test");
          return { jsonBody: { ok: true } };
        case "purge":
          return { jsonBody: { ok: true, result: await client.purgeInstanceHistory(id) } };
        case "restart": {
          const payload = client.createHttpManagementPayload(id);
          return { jsonBody: { ok: true, restartPostUri: payload.restartPostUri ?? null } };
        }
        case "signalEntity":
          await client.signalEntity(new df.EntityId("counter", id), "add", 1);
          return { jsonBody: { ok: true } };
        case "readEntity":
          return { jsonBody: { ok: true, result: await client.readEntityState(new df.EntityId("counter", id)) } };
        default:
          return { status: 404 };
      }
    } catch (error) {
      return { jsonBody: { ok: false, error: error instanceof Error ? error.message : String(error) } };
    }
  },
});
