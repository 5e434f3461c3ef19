import { TableClient } from "@azure/data-tables";

/**
 * A TableClient on `table` that writes down every request it sends as "METHOD status", so a test
 * can hold a store to a number of storage round trips (issue 13) without timing anything.
 */
export function countedTable(connectionString: string, table: string): { client: TableClient; requests: string[] } {
  const requests: string[] = [];
  const client = TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });
  client.pipeline.addPolicy({
    name: "countRequests",
    sendRequest: async (request, next) => {
      try {
        const response = await next(request);
        requests.push(`${request.method} ${response.status}`);
        return response;
      } catch (error) {
        const status = typeof error === "object" && error !== null && "statusCode" in error ? String(error.statusCode) : "failed";
        requests.push(`${request.method} ${status}`);
        throw error;
      }
    },
  });
  return { client, requests };
}
