// examples/presets/visual.sync, incoming half of the mapping block, written as an Exalate script.
def statusMap = [
  "To Do"       : "Open",
  "In Progress" : "In Progress",
  "Done"        : "Closed",
  "Backlog"     : "Reopened",
]
def priorityMap = [
  "Highest" : "Blocker",
  "High"    : "Critical",
  "Medium"  : "Major",
  "Low"     : "Minor",
  "Lowest"  : "Trivial",
]
if (firstSync) {
  issue.projectKey = "DEV"
}
issue.summary     = replica.summary
issue.description = replica.description
issue.type        = replica.type
issue.comments    = commentHelper.mergeComments(issue, replica)
issue.attachments = attachmentHelper.mergeAttachments(issue, replica)
issue.setStatus(statusMap[replica.status?.name] ?: "To Do")
def localPriority = priorityMap[replica.priority?.name]
if (localPriority == null) {
  throw new IllegalStateException("no priority mapping")
}
issue.priority    = nodeHelper.getPriority(localPriority)
issue.environment = replica.environment
