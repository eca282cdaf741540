"""Several centers on one server: the sidebar's switch and what a refused ?center= says."""

TEXTS = {
    "center.label": ("中心", "Center"),
    "center.current": ("中心：{name}", "Center: {name}"),
    # The same words whether the center asked for exists or not: nobody learns another center's id.
    "center.ignored": ("?center={id}：不是您可以查看的中心，显示您的中心", "?center={id}: not a center you may see; showing yours"),
    "center.none": ("您的账号所属的中心不在设置中：请联系管理员", "Your account's center is not in the config: ask an administrator"),
}
