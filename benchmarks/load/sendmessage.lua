-- wrk script: sendMessage with an HTML text (three entities) to the emulator's chat.
-- CHAT_ID comes from the environment (printed by the emulator host).
local chat = os.getenv("CHAT_ID")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"chat_id":' .. chat .. ',"text":"<b>Post published</b> on <i>Instagram</i>: <a href=\\"https://example.com/p/1\\">view</a>","parse_mode":"HTML"}'

local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("non-200 answers: %d\n", summary.errors.status))
end
