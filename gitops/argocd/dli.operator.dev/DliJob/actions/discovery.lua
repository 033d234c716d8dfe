-- Offers "cancel" while the DliJob's DLI job has not ended and no cancel was asked for yet.
local actions = {}
local phase = nil
if obj.status ~= nil then
  phase = obj.status.phase
end
local ended = phase == "Succeeded" or phase == "Failed" or phase == "Cancelled"
if ended or obj.metadata.deletionTimestamp ~= nil then
  return actions
end
actions["cancel"] = {["disabled"] = obj.spec.cancel == true}
return actions
