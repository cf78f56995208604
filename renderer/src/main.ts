import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { useDatasetStore } from './stores/dataset'
import './styles.css'

const pinia = createPinia()
createApp(App).use(pinia).mount('#app')
// the import worker, made and warmed while the analyst looks at the first screen
useDatasetStore(pinia).warmWhenIdle()
