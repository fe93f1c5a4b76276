// Corrections and watch (docs/corrections.md): retractions, watched entities and their
// alerts. Nodes, never deleted: a retraction is undone by marking it, an alert is
// acknowledged, not removed.
CREATE CONSTRAINT retraction_id IF NOT EXISTS FOR (n:Retraction) REQUIRE n.id IS UNIQUE;
CREATE INDEX retraction_target IF NOT EXISTS FOR (n:Retraction) ON (n.target_id);
CREATE CONSTRAINT watch_id IF NOT EXISTS FOR (n:Watch) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (n:Alert) REQUIRE n.id IS UNIQUE;
CREATE INDEX alert_at IF NOT EXISTS FOR (n:Alert) ON (n.at);
CREATE INDEX alert_watch IF NOT EXISTS FOR (n:Alert) ON (n.watch);
