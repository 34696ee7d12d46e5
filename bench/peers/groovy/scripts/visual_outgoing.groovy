// examples/presets/visual.sync, outgoing half of the mapping block, written as an Exalate script.
def statusMap = [
  "Open"        : "To Do",
  "In Progress" : "In Progress",
  "Resolved"    : "Done",
  "Closed"      : "Done",
]
def priorityMap = [
  "Blocker"  : "Highest",
  "Critical" : "High",
  "Major"    : "Medium",
  "Minor"    : "Low",
  "Trivial"  : "Lowest",
]
replica.summary     = issue.summary
replica.description = issue.description
replica.type        = issue.type
replica.labels      = issue.labels
replica.comments    = issue.comments
replica.attachments = issue.attachments
replica.status      = nodeHelper.getStatus(statusMap[issue.status?.name] ?: "To Do")
def remotePriority = priorityMap[issue.priority?.name]
if (remotePriority == null) {
  throw new IllegalStateException("no priority mapping")
}
replica.priority    = nodeHelper.getPriority(remotePriority)
