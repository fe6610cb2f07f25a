# uwsgi entry of the sandbox's Keystone (config from OS_KEYSTONE_CONFIG_FILES).
from keystone.server.wsgi import initialize_public_application

application = initialize_public_application()
