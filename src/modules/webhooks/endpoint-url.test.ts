import { describe, expect, it } from "vitest";
import { endpointUrlProblem } from "./endpoint-url.ts";

describe("webhook endpoint URLs", () => {
  it.each([
    "https://shop.example/hooks",
    "https://shop.example:8443/hooks?source=cartwright",
    "http://localhost:3000/h",
    "http://127.0.0.1:9000/h",
    "http://[::1]:9000/h",
    "https://93.184.216.34/h",
  ])("accepts %s", (url) => expect(endpointUrlProblem(url)).toBeUndefined());

  it.each([
    ["http://shop.example/h", /https/],
    ["http://localhost.evil.example/h", /https/],
    ["ws://shop.example/h", /https/],
    ["https://user:pw@shop.example/h", /credentials/],
    ["https://shop.example/h#frag", /fragment/],
    ["https://192.168.1.10/h", /private/],
    ["https://172.20.0.1/h", /private/],
    ["https://169.254.169.254/latest", /private/],
    ["https://[fd00::1]/h", /private/],
    ["https://[::ffff:10.0.0.1]/h", /private/],
    ["/relative", /absolute/],
  ])("refuses %s", (url, reason) => expect(endpointUrlProblem(url)).toMatch(reason));
});
