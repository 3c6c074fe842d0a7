#pragma once
// When the fleet raises an alert (fleetalerts.h); the person sets it in the Remote Hosts
// dialog and it is kept in the settings file (fleet/alert_*).

namespace ziggie {

struct FleetAlertRule
{
    double cpuPercent = 90.0; // alert when CPU stays above this ...
    int sustainMs = 60000;    // ... for this long (by sample timestamps)
    bool hostDown = true;     // alert when a connected host drops

    bool operator==(const FleetAlertRule &) const = default;
};

} // namespace ziggie
