-- Posts non-command text updates (group chatter the bot ignores) to the webhook, each with a new update_id.
-- Every wrk thread counts in its own range of ids, so no id repeats within a run; ID_OFFSET separates runs
-- against the same host (update ids are 32-bit: keep threads * 200000000 + ID_OFFSET under 2^31).
local secret = os.getenv("WEBHOOK_SECRET") or "load-test-secret"
local offset = tonumber(os.getenv("ID_OFFSET") or "0")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = secret

local threads = 0
function setup(thread)
  thread:set("base", 1 + offset + threads * 200000000)
  threads = threads + 1
end

local counter = 0
function request()
  counter = counter + 1
  local id = base + counter
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"date":1772101800,"chat":{"id":-1001234567890,"type":"supergroup","title":"Load"},"from":{"id":4242,"is_bot":false,"first_name":"Load","language_code":"ko"},"text":"good morning team, the post is scheduled"}}',
    id, id)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
