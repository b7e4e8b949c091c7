"""The main window's parts: menus, prompts, files, navigation, status."""
