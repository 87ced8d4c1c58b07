export const RAILS_PLUGIN = 'rails';
